//! Throttle counters and work claims that several server processes share through one
//! database: two `Store`s on the same URL stand for two replicas.

use myo_store::{Job, Profile, Store};

use crate::{backends, NOW_MS};

const MINUTE: i64 = 60_000;

#[tokio::test(flavor = "current_thread")]
async fn throttle_counts_are_shared_and_their_windows_end() {
    for url in backends::urls("shared-throttle") {
        let a = Store::open(&url).await.unwrap();
        let b = Store::open(&url).await.unwrap();
        // Twenty tries from both at once: every one counted once.
        let mut tasks = Vec::new();
        for i in 0..20 {
            let s = if i % 2 == 0 { a.clone() } else { b.clone() };
            tasks.push(tokio::spawn(async move {
                s.count_tries(&[("k", MINUTE)], NOW_MS + i).await.unwrap()[0]
            }));
        }
        let mut counts = Vec::new();
        for t in tasks {
            counts.push(t.await.unwrap());
        }
        counts.sort();
        assert_eq!(counts, (1..=20).collect::<Vec<i64>>(), "{url}");
        // Keys count apart, each in its own window.
        let both = [("k", MINUTE), ("other", 2 * MINUTE)];
        assert_eq!(b.count_tries(&both, NOW_MS + 30).await.unwrap(), [21, 1]);
        // The window ends a minute after its first try (one of the first 20 ms); the next try
        // starts a new one.
        let later = NOW_MS + MINUTE + 20;
        assert_eq!(a.count_tries(&both, later).await.unwrap(), [1, 2]);
        assert_eq!(a.count_tries(&both, later + 1).await.unwrap(), [2, 3]);
        // Ended windows are forgotten.
        a.count_tries(&[("old", MINUTE)], NOW_MS - 2 * MINUTE)
            .await
            .unwrap();
        assert_eq!(a.forget_tries(NOW_MS).await.unwrap(), 1, "{url}");
        assert_eq!(a.count_tries(&both, later + 2).await.unwrap(), [3, 4]);
        a.close().await;
        b.close().await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn one_replica_claims_each_job_and_nobody_repeats_a_finished_one() {
    for url in backends::urls("shared-claims") {
        let a = Store::open(&url).await.unwrap();
        let b = Store::open(&url).await.unwrap();
        let mut ids = Vec::new();
        for name in ["ann", "bob", "cy"] {
            ids.push(
                a.add_athlete(name, &Profile::example(), false, NOW_MS)
                    .await
                    .unwrap()
                    .id,
            );
        }
        let jobs = |target: &str| -> Vec<Job> {
            ids.iter()
                .map(|&athlete_id| Job {
                    athlete_id,
                    target: target.into(),
                })
                .collect()
        };
        let jobs_r1 = jobs("r1");
        let (got_a, got_b) = tokio::join!(
            a.claim_work(&jobs_r1, "a", MINUTE, NOW_MS),
            b.claim_work(&jobs_r1, "b", MINUTE, NOW_MS)
        );
        let (got_a, got_b) = (got_a.unwrap(), got_b.unwrap());
        let mut all = [got_a.clone(), got_b.clone()].concat();
        all.sort();
        assert_eq!(
            all, ids,
            "each job claimed once: {got_a:?} {got_b:?} ({url})"
        );
        // Finished jobs are not repeated; a released one is taken.
        let winner = |id: i64| {
            if got_a.contains(&id) {
                ("a", &a)
            } else {
                ("b", &b)
            }
        };
        let (h0, s0) = winner(ids[0]);
        assert!(s0.end_work(ids[0], h0, true, NOW_MS + 10).await.unwrap());
        let (h1, s1) = winner(ids[1]);
        assert!(s1.end_work(ids[1], h1, false, NOW_MS + 10).await.unwrap());
        // Ending another holder's claim does nothing.
        assert!(!a
            .end_work(ids[2], "nobody", false, NOW_MS + 10)
            .await
            .unwrap());
        let again = b
            .claim_work(&jobs_r1, "b", MINUTE, NOW_MS + 20)
            .await
            .unwrap();
        assert_eq!(again, vec![ids[1]], "{url}");
        // A new target (the log changed) is claimed once the job is finished; a claim whose
        // holder stopped is taken over when its lease ends.
        let later = a
            .claim_work(&jobs("r2"), "a", MINUTE, NOW_MS + 2 * MINUTE)
            .await
            .unwrap();
        assert_eq!(later, ids, "{url}");
        // Unknown athletes are not claimed (their rows would be orphans).
        let none = a
            .claim_work(
                &[Job {
                    athlete_id: 9_999,
                    target: "r1".into(),
                }],
                "a",
                MINUTE,
                NOW_MS,
            )
            .await
            .unwrap();
        assert!(none.is_empty());
        a.close().await;
        b.close().await;
    }
}
