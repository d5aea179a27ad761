//! The partner's configuration: the policy and the MFO offers (contract.md, "Partner
//! configuration"). What `prequal check --config` reads and what `GET /v1/offers` serves.

use crate::application::{parse_json, ConsentKind, ParseError};
use crate::code::Code;
use crate::date::Date;
use crate::loan::{caps, ScheduleKind};
use crate::money::{Rate, Ratio};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub config_version: String,
    #[serde(default)]
    pub policy: Policy,
    pub offers: Vec<Offer>,
}

/// Partner-wide rules that decide blockers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    pub min_age: u32,
    /// Days a passport stays valid after the 20th or 45th birthday (domain.md §2).
    pub passport_grace_days: u32,
    /// Share of unconfirmed income counted in the debt load (0.3 in the seed scoring model).
    pub unconfirmed_income_factor: Ratio,
    /// Overdue today beyond this many days blocks the application.
    pub max_overdue_now_days: u32,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            min_age: 18,
            passport_grace_days: 90,
            unconfirmed_income_factor: Ratio::from_millionths(300_000),
            max_overdue_now_days: 30,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub id: String,
    /// The product's name as the applicant sees it (extension; the lender's name otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub lender: Lender,
    pub amount_min_kop: u64,
    pub amount_max_kop: u64,
    pub term_min_days: u32,
    pub term_max_days: u32,
    /// Read rounded up to the millionth, so a rate over the cap stays over it.
    pub daily_rate_pct: Rate,
    pub schedule: ScheduleKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_max: Option<u32>,
    #[serde(default)]
    pub regions_excluded: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pdn_pct: Option<Rate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_tenure_months: Option<u32>,
    #[serde(default)]
    pub consent_texts: ConsentTexts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout: Option<Payout>,
}

impl Offer {
    /// The name to show: the product's, or the lender's.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.lender.name)
    }

    /// Whether the offer lends for `term_days`: within its terms and, for instalments, a whole
    /// number of payment periods (contract.md, "Loan arithmetic"; `loan::quote` refuses any
    /// other term with `loan.term_not_multiple`).
    pub fn lends_for(&self, term_days: u32) -> bool {
        (self.term_min_days..=self.term_max_days).contains(&term_days)
            && match self.schedule {
                ScheduleKind::Single => true,
                ScheduleKind::Annuity { period_days } => {
                    period_days != 0 && term_days.is_multiple_of(period_days)
                }
            }
    }
}

/// The lender's identity, shown next to its offer and in the transfer consent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Lender {
    pub name: String,
    pub ogrn: String,
    pub inn: String,
    pub cbr_registry_number: String,
    pub address: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsentTexts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personal_data: Option<ConsentText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit_bureau: Option<ConsentText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer: Option<ConsentText>,
}

impl ConsentTexts {
    pub fn get(&self, kind: ConsentKind) -> Option<&ConsentText> {
        match kind {
            ConsentKind::PersonalData => self.personal_data.as_ref(),
            ConsentKind::CreditBureau => self.credit_bureau.as_ref(),
            ConsentKind::Transfer => self.transfer.as_ref(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentText {
    pub version: String,
    pub text: String,
}

/// What the partner is paid for a lead (contract.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum Payout {
    /// A fixed amount per lead reaching `on`.
    Cpa { amount_kop: u64, on: PayoutOn },
    /// A share of the interest actually paid.
    Revshare { pct: Rate },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutOn {
    Approved,
    Issued,
}

/// A configuration mistake that makes an offer unusable, with the offer and the option named.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigProblem {
    pub offer_id: String,
    pub option: &'static str,
    pub code: Option<Code>,
    pub message: String,
}

impl Config {
    pub fn from_json(text: &str) -> Result<Config, ParseError> {
        parse_json(text)
    }

    /// The built-in demo configuration (`prequal check` without `--config`, the demo server).
    pub fn demo() -> Config {
        // The file is part of the crate, and a test proves it parses: this cannot fail.
        Config::from_json(DEMO_CONFIG).unwrap_or_else(|_| Config {
            config_version: "invalid".into(),
            policy: Policy::default(),
            offers: Vec::new(),
        })
    }

    /// Mistakes that make offers unusable on `date`: ranges upside down, a term range that no
    /// instalment period divides, a daily rate above the legal cap (`cap.daily_rate`), an id
    /// used twice.
    pub fn problems(&self, date: Date) -> Vec<ConfigProblem> {
        let mut out = Vec::new();
        let limits = caps::caps_on(date);
        for (i, offer) in self.offers.iter().enumerate() {
            let mut push = |option, code, message: String| {
                out.push(ConfigProblem {
                    offer_id: offer.id.clone(),
                    option,
                    code,
                    message,
                })
            };
            if offer.daily_rate_pct > limits.daily_rate {
                push(
                    "daily_rate_pct",
                    Some(Code::CapDailyRate),
                    format!(
                        "daily rate {}% is above the legal limit of {}% a day in force on {date}",
                        offer.daily_rate_pct, limits.daily_rate
                    ),
                );
            }
            if offer.amount_min_kop == 0 || offer.amount_min_kop > offer.amount_max_kop {
                push(
                    "amount_min_kop",
                    None,
                    "amount_min_kop must be positive and not above amount_max_kop".into(),
                );
            }
            if offer.term_min_days == 0 || offer.term_min_days > offer.term_max_days {
                push(
                    "term_min_days",
                    None,
                    "term_min_days must be positive and not above term_max_days".into(),
                );
            }
            if let ScheduleKind::Annuity { period_days } = offer.schedule {
                if period_days == 0 || offer.term_max_days / period_days.max(1) == 0 {
                    push(
                        "schedule.period_days",
                        None,
                        "period_days must be positive and fit in the longest term".into(),
                    );
                }
            }
            if offer.term_max_days > 365 {
                push(
                    "term_max_days",
                    None,
                    "the rules cover loans of up to one year (365 days)".into(),
                );
            }
            if let (Some(lo), Some(hi)) = (offer.age_min, offer.age_max) {
                if lo > hi {
                    push("age_min", None, "age_min must not be above age_max".into());
                }
            }
            // An application names its offer by id (`offer_id`), so two offers with one id
            // could never be told apart.
            if self.offers[..i].iter().any(|o| o.id == offer.id) {
                push("id", None, "another offer has the same id".into());
            }
        }
        out
    }
}

/// The demo partner's configuration: three offers of two fictional MFOs.
pub const DEMO_CONFIG: &str = include_str!("demo_config.json");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_configuration_parses_and_is_valid_today() {
        let config = Config::from_json(DEMO_CONFIG).expect("demo config parses");
        assert!(config.offers.len() >= 2);
        let date: Date = "2026-11-24".parse().unwrap();
        assert_eq!(config.problems(date), vec![]);
    }

    #[test]
    fn an_offer_lends_for_its_terms_and_instalments_for_whole_periods() {
        let config = Config::demo();
        let single = config
            .offers
            .iter()
            .find(|o| o.schedule == ScheduleKind::Single)
            .unwrap();
        let lends = |o: &Offer| (0..=400).filter(|&t| o.lends_for(t)).collect::<Vec<_>>();
        let terms = lends(single);
        assert_eq!(terms.first(), Some(&single.term_min_days));
        assert_eq!(terms.last(), Some(&single.term_max_days));
        assert_eq!(
            terms.len() as u32,
            single.term_max_days - single.term_min_days + 1
        );
        let mut instalments = single.clone();
        instalments.term_min_days = 50;
        instalments.term_max_days = 100;
        instalments.schedule = ScheduleKind::Annuity { period_days: 14 };
        assert_eq!(lends(&instalments), [56, 70, 84, 98]);
        instalments.schedule = ScheduleKind::Annuity { period_days: 0 };
        assert_eq!(lends(&instalments), Vec::<u32>::new());
    }

    #[test]
    fn the_contract_example_parses() {
        let config =
            Config::from_json(include_str!("../../../schemas/examples/config.json")).unwrap();
        assert_eq!(config.policy.min_age, 18);
        assert_eq!(
            config.offers[0].daily_rate_pct,
            Rate::from_millionths(800_000)
        );
    }

    #[test]
    fn a_rate_over_the_cap_is_a_configuration_error() {
        let mut config = Config::demo();
        config.offers[0].daily_rate_pct = Rate::from_millionths(1_000_000);
        let problems = config.problems("2026-11-24".parse().unwrap());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, Some(Code::CapDailyRate));
        assert_eq!(problems[0].option, "daily_rate_pct");
    }

    /// A rate above the cap by less than a millionth of a per cent is still above it: the
    /// configuration's rate is read rounded up, never down to the cap.
    #[test]
    fn a_rate_just_over_the_cap_is_a_configuration_error() {
        let on = "2026-11-24".parse().unwrap();
        let with_rate = |rate: &str| {
            let text = DEMO_CONFIG.replacen(
                "\"daily_rate_pct\": 0.8",
                &format!("\"daily_rate_pct\": {rate}"),
                1,
            );
            assert_ne!(text, DEMO_CONFIG, "the demo's first offer is at 0.8 %");
            Config::from_json(&text).unwrap().problems(on)
        };
        for rate in ["0.8000001", "0.80000000001"] {
            let problems = with_rate(rate);
            assert_eq!(problems.len(), 1, "{rate}");
            assert_eq!(problems[0].code, Some(Code::CapDailyRate), "{rate}");
        }
        assert_eq!(with_rate("0.800000"), []);
        assert_eq!(with_rate("0.7999999"), []);
    }

    #[test]
    fn two_offers_with_one_id_are_a_configuration_error() {
        let mut config = Config::demo();
        let first = config.offers[0].id.clone();
        config.offers[1].id = first.clone();
        let problems = config.problems("2026-11-24".parse().unwrap());
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].offer_id.as_str(), problems[0].option),
            (first.as_str(), "id")
        );
    }
}
