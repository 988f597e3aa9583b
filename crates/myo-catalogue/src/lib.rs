//! Exercise catalogue and sport involvement (being written).
