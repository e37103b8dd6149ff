//! Passwords and one-time tokens. Passwords are stored only as Argon2id hashes (password-auth);
//! tokens in links (invitation, password reset) only as their SHA-256, so a database dump gives
//! an attacker neither.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// An Argon2id PHC string with a random salt.
pub fn hash_password(password: &str) -> String {
    password_auth::generate_hash(password)
}

/// Constant-time check of a password against its stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    password_auth::verify_password(password, hash).is_ok()
}

/// A hash to verify against when an address is unknown, so a failed sign-in takes the same time
/// whether or not the account exists.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("no account has this password"))
}

/// A fresh secret for a link: 256 random bits, URL-safe, and the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    // The operating system's generator failing is not something to recover from.
    #[expect(
        clippy::expect_used,
        reason = "the operating system's generator failing is not something to recover from"
    )]
    getrandom::fill(&mut bytes).expect("the operating system's random generator failed");
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

/// The stored form of a link token.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token(&a), hash_a);
        assert_ne!(hash_a, a);
        assert_eq!(hash_a.len(), 64);
    }

    #[test]
    fn passwords_verify_against_argon2id_hashes() {
        let hash = hash_password("tulpen wachsen im hafen");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("tulpen wachsen im hafen", &hash));
        assert!(!verify_password("tulpen wachsen im hafen!", &hash));
        assert!(!verify_password("x", dummy_hash()));
    }
}
