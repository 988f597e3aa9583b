//! A minimal FIT encoder for the messages no fixture has (strength sets, sleep, HRV status):
//! 14-byte header, one definition per message type, little-endian fields, CRC-16.

/// FIT base types used here.
#[derive(Clone, Copy)]
pub enum Base {
    Enum,
    U8,
    U16,
    U32,
    /// A string of this many bytes (NUL-padded).
    Str(u8),
}

impl Base {
    fn code(self) -> u8 {
        match self {
            Base::Enum => 0x00,
            Base::U8 => 0x02,
            Base::U16 => 0x84,
            Base::U32 => 0x86,
            Base::Str(_) => 0x07,
        }
    }
    fn size(self) -> u8 {
        match self {
            Base::Enum | Base::U8 => 1,
            Base::U16 => 2,
            Base::U32 => 4,
            Base::Str(n) => n,
        }
    }
}

/// A field value.
pub enum V {
    N(u64),
    S(&'static str),
}

/// Seconds since the FIT epoch (1989-12-31T00:00:00Z) for a Unix time.
pub fn fit_time(unix: i64) -> u64 {
    (unix - 631_065_600) as u64
}

pub struct Writer {
    data: Vec<u8>,
    defined: Vec<(u16, Vec<(u8, Base)>)>,
}

impl Writer {
    pub fn new() -> Self {
        Writer {
            data: Vec::new(),
            defined: Vec::new(),
        }
    }

    /// Writes one data message, defining its layout first when it is new.
    pub fn message(&mut self, global: u16, fields: &[(u8, Base, V)]) -> &mut Self {
        let layout: Vec<(u8, Base)> = fields.iter().map(|(n, b, _)| (*n, *b)).collect();
        let same = |d: &(u16, Vec<(u8, Base)>)| {
            d.0 == global
                && d.1.len() == layout.len()
                && d.1.iter().zip(&layout).all(|(a, b)| {
                    a.0 == b.0 && a.1.code() == b.1.code() && a.1.size() == b.1.size()
                })
        };
        let local = match self.defined.iter().position(same) {
            Some(i) => i,
            None => {
                let i = self.defined.len();
                assert!(i < 16, "too many local message types");
                self.data.push(0x40 | i as u8);
                self.data.extend_from_slice(&[0, 0]);
                self.data.extend_from_slice(&global.to_le_bytes());
                self.data.push(layout.len() as u8);
                for (n, b) in &layout {
                    self.data.extend_from_slice(&[*n, b.size(), b.code()]);
                }
                self.defined.push((global, layout));
                i
            }
        };
        self.data.push(local as u8);
        for (_, b, v) in fields {
            match (b, v) {
                (Base::Str(n), V::S(s)) => {
                    let mut bytes = s.as_bytes().to_vec();
                    bytes.resize(*n as usize, 0);
                    self.data.extend_from_slice(&bytes);
                }
                (b, V::N(x)) => self
                    .data
                    .extend_from_slice(&x.to_le_bytes()[..b.size() as usize]),
                _ => panic!("value does not match its base type"),
            }
        }
        self
    }

    /// The complete file.
    pub fn finish(&self) -> Vec<u8> {
        let mut out = vec![14u8, 0x20];
        out.extend_from_slice(&2132u16.to_le_bytes());
        out.extend_from_slice(&(self.data.len() as u32).to_le_bytes());
        out.extend_from_slice(b".FIT");
        let header_crc = crc(&out);
        out.extend_from_slice(&header_crc.to_le_bytes());
        out.extend_from_slice(&self.data);
        let file_crc = crc(&out);
        out.extend_from_slice(&file_crc.to_le_bytes());
        out
    }
}

/// The FIT CRC-16 (the SDK's nibble table).
pub fn crc(bytes: &[u8]) -> u16 {
    const T: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut c = 0u16;
    for &b in bytes {
        let t = T[(c & 0xF) as usize];
        c = ((c >> 4) & 0x0FFF) ^ t ^ T[(b & 0xF) as usize];
        let t = T[(c & 0xF) as usize];
        c = ((c >> 4) & 0x0FFF) ^ t ^ T[(b >> 4) as usize];
    }
    c
}
