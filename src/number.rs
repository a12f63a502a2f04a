//! Exact numbers for figures: every figure is a fraction of two integers, so sums of amounts
//! such as 14.2 + 111.14 never pick up binary rounding, and a share is rounded exactly once, to
//! the decimals it is printed with (四舍五入: half away from zero).

use std::cmp::Ordering;
use std::fmt;

/// An exact rational number `n / d`, `d > 0`, in lowest terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Num {
    n: i128,
    d: i128,
}

/// Arithmetic went out of range (numbers beyond about 10^30).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn pow10(k: u32) -> Option<i128> {
    10i128.checked_pow(k)
}

impl Num {
    /// Zero.
    pub const ZERO: Num = Num { n: 0, d: 1 };

    /// An integer.
    pub fn int(v: i128) -> Num {
        Num { n: v, d: 1 }
    }

    /// `units` × 10^-`scale`, e.g. (12534, 2) is 125.34.
    pub fn decimal(units: i128, scale: u32) -> Result<Num, Overflow> {
        Num::ratio(units, pow10(scale).ok_or(Overflow)?)
    }

    /// `n / d`; `d` must not be zero.
    pub fn ratio(n: i128, d: i128) -> Result<Num, Overflow> {
        assert!(d != 0, "a ratio over zero");
        let g = gcd(n, d).max(1);
        let (n, d) = (n / g, d / g);
        if d < 0 {
            Ok(Num {
                n: n.checked_neg().ok_or(Overflow)?,
                d: d.checked_neg().ok_or(Overflow)?,
            })
        } else {
            Ok(Num { n, d })
        }
    }

    /// Whether the number is zero.
    pub fn is_zero(self) -> bool {
        self.n == 0
    }

    /// `self + o`.
    pub fn checked_add(self, o: Num) -> Result<Num, Overflow> {
        let g = gcd(self.d, o.d);
        let (a, b) = (self.d / g, o.d / g);
        let n = self
            .n
            .checked_mul(b)
            .and_then(|x| o.n.checked_mul(a).and_then(|y| x.checked_add(y)))
            .ok_or(Overflow)?;
        let d = self.d.checked_mul(b).ok_or(Overflow)?;
        Num::ratio(n, d)
    }

    /// `self - o`.
    pub fn checked_sub(self, o: Num) -> Result<Num, Overflow> {
        self.checked_add(o.checked_neg()?)
    }

    /// `-self`.
    pub fn checked_neg(self) -> Result<Num, Overflow> {
        Ok(Num {
            n: self.n.checked_neg().ok_or(Overflow)?,
            d: self.d,
        })
    }

    /// `self × o`.
    pub fn checked_mul(self, o: Num) -> Result<Num, Overflow> {
        let g1 = gcd(self.n, o.d).max(1);
        let g2 = gcd(o.n, self.d).max(1);
        let n = (self.n / g1).checked_mul(o.n / g2).ok_or(Overflow)?;
        let d = (self.d / g2).checked_mul(o.d / g1).ok_or(Overflow)?;
        Num::ratio(n, d)
    }

    /// `self ÷ o`, or `None` when `o` is zero.
    pub fn checked_div(self, o: Num) -> Result<Option<Num>, Overflow> {
        if o.n == 0 {
            return Ok(None);
        }
        self.checked_mul(Num { n: o.d, d: o.n }.normalised()?)
            .map(Some)
    }

    fn normalised(self) -> Result<Num, Overflow> {
        Num::ratio(self.n, self.d)
    }

    /// Whether the number is exact with `decimals` digits after the point.
    pub fn exact_at(self, decimals: u32) -> bool {
        pow10(decimals).is_some_and(|p| p % self.d == 0)
    }

    /// The number rounded half away from zero (四舍五入) to `decimals` digits.
    pub fn round(self, decimals: u32) -> Result<Dec, Overflow> {
        let p = pow10(decimals).ok_or(Overflow)?;
        let scaled = self.n.checked_mul(p).ok_or(Overflow)?;
        let (q, r) = (scaled / self.d, scaled % self.d);
        // |r| / d ≥ 1/2 rounds away from zero.
        let units = if r.abs().checked_mul(2).ok_or(Overflow)? >= self.d {
            q + scaled.signum()
        } else {
            q
        };
        Ok(Dec {
            units,
            scale: decimals,
        })
    }

    /// An approximation for drawing (bar heights, pie angles); never printed.
    pub fn to_f64(self) -> f64 {
        self.n as f64 / self.d as f64
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, o: &Num) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Num {
    fn cmp(&self, o: &Num) -> Ordering {
        // d > 0 on both sides; compare n1·d2 with n2·d1 (saturating is enough to order).
        self.n.saturating_mul(o.d).cmp(&o.n.saturating_mul(self.d))
    }
}

/// A number as printed: `units` × 10^-`scale`, e.g. 12534 at scale 2 prints 125.34.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dec {
    /// The digits as one integer.
    pub units: i128,
    /// Digits after the point.
    pub scale: u32,
}

impl Dec {
    /// Parses a number as written in TOML (`113419`, `-3`, `125.34`, `1_000`), keeping its
    /// decimals: `14.20` has two. An exponent or a non-decimal integer is refused.
    pub fn parse(raw: &str) -> Result<Dec, String> {
        let s: String = raw.trim().chars().filter(|c| *c != '_').collect();
        if s.contains(['e', 'E'])
            || s.starts_with("0x")
            || s.starts_with("0o")
            || s.starts_with("0b")
        {
            return Err(format!(
                "`{raw}` is not written as a plain decimal number; write it as it is printed, e.g. 125.34"
            ));
        }
        let (neg, body) = match s.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, s.strip_prefix('+').unwrap_or(&s)),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (body.contains('.') && frac.is_empty())
        {
            return Err(format!("`{raw}` is not a number"));
        }
        let digits = format!("{int}{frac}");
        let units: i128 = digits
            .parse()
            .map_err(|_| format!("`{raw}` has too many digits"))?;
        Ok(Dec {
            units: if neg { -units } else { units },
            scale: frac.len() as u32,
        })
    }

    /// The exact value.
    pub fn num(self) -> Result<Num, Overflow> {
        Num::decimal(self.units, self.scale)
    }

    /// The same number with `scale` digits after the point (`scale` ≥ the current one).
    pub fn widen(self, scale: u32) -> Dec {
        if scale <= self.scale {
            return self;
        }
        match pow10(scale - self.scale).and_then(|p| self.units.checked_mul(p)) {
            Some(units) => Dec { units, scale },
            None => self,
        }
    }

    /// As printed: no thousands separator unless `thousands`, exactly `scale` decimals.
    pub fn format(self, thousands: bool) -> String {
        let neg = self.units < 0;
        let digits = self.units.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let digits = if digits.len() <= scale {
            format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
        } else {
            digits
        };
        let (int, frac) = digits.split_at(digits.len() - scale);
        let int = if thousands {
            let mut out = String::new();
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            out
        } else {
            int.to_string()
        };
        let mut s = String::new();
        if neg {
            s.push('-');
        }
        s.push_str(&int);
        if scale > 0 {
            s.push('.');
            s.push_str(frac);
        }
        s
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    #[test]
    fn parsing_keeps_the_written_decimals() {
        assert_eq!(
            d("113419"),
            Dec {
                units: 113419,
                scale: 0
            }
        );
        assert_eq!(
            d("14.20"),
            Dec {
                units: 1420,
                scale: 2
            }
        );
        assert_eq!(
            d("-3.5"),
            Dec {
                units: -35,
                scale: 1
            }
        );
        assert_eq!(
            d("1_000"),
            Dec {
                units: 1000,
                scale: 0
            }
        );
        assert!(Dec::parse("1e3").is_err());
        assert!(Dec::parse("1.").is_err());
        assert!(Dec::parse("abc").is_err());
    }

    #[test]
    fn amounts_add_exactly() {
        let s = d("14.2")
            .num()
            .unwrap()
            .checked_add(d("111.14").num().unwrap())
            .unwrap();
        assert_eq!(s.round(2).unwrap().format(false), "125.34");
        assert!(s.exact_at(2) && !s.exact_at(1));
    }

    #[test]
    fn shares_round_half_away_from_zero() {
        let share = |p: i128, w: i128, k: u32| {
            Num::int(p)
                .checked_div(Num::int(w))
                .unwrap()
                .unwrap()
                .checked_mul(Num::int(100))
                .unwrap()
                .round(k)
                .unwrap()
                .format(false)
        };
        assert_eq!(share(695, 737, 1), "94.3");
        assert_eq!(share(187, 221, 0), "85");
        assert_eq!(share(508, 516, 1), "98.4");
        assert_eq!(share(2902, 113419, 1), "2.6");
        assert_eq!(share(1, 8, 1), "12.5");
        assert_eq!(share(1, 16, 2), "6.25");
        assert_eq!(share(1, 40, 1), "2.5"); // 2.5 exactly
        assert_eq!(share(1, 80, 1), "1.3"); // 1.25 → 1.3
        assert_eq!(
            Num::int(-5)
                .checked_div(Num::int(2))
                .unwrap()
                .unwrap()
                .round(0)
                .unwrap()
                .format(false),
            "-3"
        );
    }

    #[test]
    fn formatting() {
        assert_eq!(d("113419").format(false), "113419");
        assert_eq!(d("113419").format(true), "113,419");
        assert_eq!(Dec { units: 5, scale: 2 }.format(false), "0.05");
        assert_eq!(d("125.3").widen(2).format(false), "125.30");
        assert!(Num::int(1).checked_div(Num::ZERO).unwrap().is_none());
    }
}
