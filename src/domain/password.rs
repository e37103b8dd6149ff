//! The password rule (NIST SP 800-63B, OWASP ASVS 2.1): at least 12 characters, up to 128, no
//! composition rules, and not a common or trivially guessable password. Commonness is judged by
//! zxcvbn, whose dictionaries include the lists of leaked passwords.

use super::form::Problem;

pub use super::account::{PASSWORD_MAX, PASSWORD_MIN};

/// Checks a new password. `context` holds words an attacker would try first for this person
/// (their e-mail address and name).
pub fn check_new_password(password: &str, context: &[&str]) -> Result<(), Problem> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err(Problem::PasswordTooShort);
    }
    if length > PASSWORD_MAX {
        return Err(Problem::PasswordTooLong);
    }
    let estimate = zxcvbn::zxcvbn(password, context);
    // Score 0–1: found in a common-password list, a keyboard walk, a repeat or the person's own
    // name; guessable in under a million tries.
    if (estimate.score() as u8) < 2 {
        return Err(Problem::PasswordCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_limits() {
        assert_eq!(
            check_new_password("kurz", &[]),
            Err(Problem::PasswordTooShort)
        );
        assert_eq!(
            check_new_password(&"Wiesenweg ".repeat(13), &[]),
            Err(Problem::PasswordTooLong)
        );
        let longest: String = "Kieler Tulpen, Lübecker Marzipan und Flensburger Rum: "
            .chars()
            .cycle()
            .enumerate()
            .map(|(i, c)| {
                if i % 7 == 0 {
                    char::from(b'a' + (i % 26) as u8)
                } else {
                    c
                }
            })
            .take(PASSWORD_MAX)
            .collect();
        assert!(check_new_password(&longest, &[]).is_ok());
    }

    #[test]
    fn common_and_trivial_passwords_are_refused() {
        for common in [
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "aaaaaaaaaaaa",
        ] {
            assert_eq!(
                check_new_password(common, &[]),
                Err(Problem::PasswordCommon),
                "{common}"
            );
        }
    }

    #[test]
    fn the_persons_own_name_does_not_count_as_secret() {
        assert_eq!(
            check_new_password(
                "anna.schmidt@kiel.de",
                &["anna.schmidt@kiel.de", "Anna Schmidt"]
            ),
            Err(Problem::PasswordCommon)
        );
    }

    #[test]
    fn no_composition_rules_for_a_long_passphrase() {
        assert!(check_new_password("tulpen wachsen im kieler hafen", &[]).is_ok());
    }
}
