//! Who is asking. On the server: the axum-login backend over the store, and the checks every
//! server function starts with. Permission rules themselves live in `gremium::domain::account`.

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use axum_login::{AuthUser, AuthnBackend};
    use gremium::domain::account::Principal;
    use gremium::domain::audit::Actor;
    use gremium::store::{Db, StoreError, users};
    use leptos::prelude::*;

    use crate::error::AppError;

    /// Session keys of our own, beside axum-login's.
    pub const SESSION_SINCE: &str = "gremium.since";

    /// The signed-in person as the session layer sees them. The password hash ties each
    /// session to the current password: changing it ends every other session.
    #[derive(Clone)]
    pub struct SessionUser {
        pub principal: Principal,
        password_hash: String,
    }

    impl std::fmt::Debug for SessionUser {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("SessionUser")
                .field("user_id", &self.principal.user_id)
                .finish_non_exhaustive()
        }
    }

    impl AuthUser for SessionUser {
        type Id = i64;

        fn id(&self) -> i64 {
            self.principal.user_id
        }

        fn session_auth_hash(&self) -> &[u8] {
            self.password_hash.as_bytes()
        }
    }

    /// Loads people from the store on every request, so a disabled account or a changed role
    /// takes effect at once.
    #[derive(Clone, Debug)]
    pub struct Backend {
        db: Db,
    }

    impl Backend {
        pub fn new(db: Db) -> Self {
            Self { db }
        }
    }

    pub struct Credentials {
        pub email: String,
        pub password: String,
    }

    impl AuthnBackend for Backend {
        type User = SessionUser;
        type Credentials = Credentials;
        type Error = StoreError;

        /// Verifies the password. An unknown address is checked against a dummy hash, so the
        /// answer takes as long as for a real account.
        async fn authenticate(
            &self,
            credentials: Credentials,
        ) -> Result<Option<SessionUser>, StoreError> {
            let record = users::login_record(&self.db, &credentials.email).await?;
            let hash = record.as_ref().map_or_else(
                || gremium::secret::dummy_hash().to_owned(),
                |r| r.password_hash.clone(),
            );
            let password = credentials.password;
            let verified = tokio::task::spawn_blocking(move || {
                gremium::secret::verify_password(&password, &hash)
            })
            .await
            .unwrap_or(false);
            match record {
                Some(record) if verified && !record.disabled => self.get_user(&record.id).await,
                _ => Ok(None),
            }
        }

        async fn get_user(&self, user_id: &i64) -> Result<Option<SessionUser>, StoreError> {
            Ok(users::principal(&self.db, *user_id)
                .await?
                .map(|(principal, password_hash)| SessionUser {
                    principal,
                    password_hash,
                }))
        }
    }

    pub type AuthSession = axum_login::AuthSession<Backend>;

    /// The request's session, as the auth layer put it there.
    pub async fn auth_session() -> Result<AuthSession, AppError> {
        leptos_axum::extract::<AuthSession>()
            .await
            .map_err(|error| {
                tracing::error!(?error, "no auth meeting in the request");
                AppError::Internal
            })
    }

    /// The signed-in person, if any.
    pub async fn current() -> Result<Option<Principal>, AppError> {
        Ok(auth_session().await?.user.map(|u| u.principal))
    }

    /// The signed-in person; 401 for the anonymous public.
    pub async fn require_user() -> Result<Principal, AppError> {
        current().await?.ok_or_else(|| fail(AppError::Unauthorized))
    }

    /// The signed-in person if `allowed` says yes; 401 or 403 otherwise.
    pub async fn require(allowed: impl FnOnce(&Principal) -> bool) -> Result<Principal, AppError> {
        let principal = require_user().await?;
        if allowed(&principal) {
            Ok(principal)
        } else {
            Err(fail(AppError::Forbidden))
        }
    }

    /// A store error for a read: `NotFound` (also what the reader may not see) becomes a 404.
    pub fn not_found(error: StoreError) -> AppError {
        match error {
            StoreError::NotFound => fail(AppError::NotFound),
            other => other.into(),
        }
    }

    /// The request is a plain HTML form's post (a browser without our script, or a form that
    /// posts natively), which the server answers with a redirect.
    pub fn is_form_post() -> bool {
        use_context::<http::request::Parts>().is_some_and(|parts| {
            parts.method == http::Method::POST
                && parts
                    .headers
                    .get(http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.contains("text/html"))
        })
    }

    /// Sets the HTTP status for an error (also of a page whose render called the server
    /// function), except for plain form posts: those are redirected back to the form, which
    /// shows the error, and a redirect needs its 302.
    pub fn fail(error: AppError) -> AppError {
        if !is_form_post()
            && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        {
            response.set_status(error.status());
        }
        error
    }

    /// A store's refusal of a change, for the form that asked for it: a stale version is a
    /// conflict; a change the object's state no longer allows, or a missing object, is put at
    /// `field`. The form keeps the user's input either way.
    pub fn refusal(
        error: gremium::store::StoreError,
        mut form: gremium::domain::form::FormErrors,
        field: &str,
    ) -> AppError {
        use gremium::domain::agenda::AgendaRefused;
        use gremium::domain::form::Problem;
        use gremium::domain::minutes::MinutesRefused;
        use gremium::domain::topics::TopicRefused;
        use gremium::store::StoreError;
        match error {
            StoreError::Conflict => fail(AppError::Conflict(form)),
            StoreError::NotAllowed => {
                form.add(field, Problem::MeetingClosed);
                fail(AppError::Invalid(form))
            }
            StoreError::DemandMove(refused) => {
                form.add(
                    field,
                    Problem::DemandMove {
                        from: refused.from,
                        to: refused.to,
                    },
                );
                fail(AppError::Invalid(form))
            }
            StoreError::TopicRefused(TopicRefused::Closed { state, action }) => {
                form.add(field, Problem::TopicClosed { state, action });
                fail(AppError::Invalid(form))
            }
            StoreError::TopicRefused(TopicRefused::NotYours(_)) => fail(AppError::Forbidden),
            StoreError::AgendaRefused(AgendaRefused::Closed { status, action }) => {
                form.add(field, Problem::AgendaClosed { status, action });
                fail(AppError::Invalid(form))
            }
            StoreError::AgendaRefused(AgendaRefused::CannotMove) => {
                form.add(field, Problem::CannotMove);
                fail(AppError::Invalid(form))
            }
            StoreError::MeetingRefused(refused) => {
                form.add(
                    field,
                    Problem::MeetingChange {
                        status: refused.status,
                        action: refused.action,
                    },
                );
                fail(AppError::Invalid(form))
            }
            StoreError::MinutesRefused(refused) => {
                let problem = match refused {
                    MinutesRefused::Locked(_) => Problem::MinutesLocked,
                    MinutesRefused::NotHeld(status) => Problem::MinutesNotHeld { status },
                    MinutesRefused::NotFinal => Problem::MinutesNotFinal,
                };
                form.add(field, problem);
                fail(AppError::Invalid(form))
            }
            StoreError::NotFound => {
                form.add(field, Problem::NotFound);
                fail(AppError::Invalid(form))
            }
            other => other.into(),
        }
    }

    /// A use case's refusal for the form that asked: the input in `kept` goes back, and a
    /// change the record's state (or a stale version) forbids is put at `field`.
    pub fn refused(
        refusal_: gremium::usecases::Refusal,
        kept: gremium::domain::form::FormErrors,
        field: &str,
    ) -> AppError {
        use gremium::usecases::Refusal;
        match refusal_ {
            Refusal::SignIn => fail(AppError::Unauthorized),
            Refusal::Forbidden => fail(AppError::Forbidden),
            Refusal::NotFound => fail(AppError::NotFound),
            Refusal::Invalid(form) => fail(AppError::Invalid(form.kept_from(kept))),
            Refusal::Store(error) => refusal(error, kept, field),
        }
    }

    /// Whether an irreversible step's form carried its confirmation (`confirm=yes`, sent by the
    /// confirmation button of `components::form`); the use case refuses the step without it.
    pub fn confirmed(confirm: Option<&str>) -> bool {
        confirm == Some("yes")
    }

    /// The client's address as the server saw it (set by the rate limiter's layer).
    #[derive(Clone, Debug)]
    pub struct ClientIp(pub String);

    /// Set by a sign-in that succeeded, read by the rate limiter's layer: only failed sign-ins
    /// count against an address, so the staff of a town hall behind one NAT address do not
    /// lock each other out on a Monday morning.
    #[derive(Clone, Debug, Default)]
    pub struct SignInOutcome(std::sync::Arc<std::sync::atomic::AtomicBool>);

    impl SignInOutcome {
        pub fn succeeded(&self) -> bool {
            self.0.load(std::sync::atomic::Ordering::Relaxed)
        }

        /// Marks the current request's sign-in as successful (no-op outside the layer).
        pub fn note_success() {
            if let Some(outcome) = use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<SignInOutcome>().cloned())
            {
                outcome.0.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }

    /// Who is acting, for the audit log.
    pub fn actor(principal: Option<&Principal>, label: &str) -> Actor {
        let ip = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ClientIp>().map(|ip| ip.0.clone()));
        Actor {
            user_id: principal.map(|p| p.user_id),
            label: principal.map_or_else(|| label.to_owned(), |p| p.email.clone()),
            ip,
        }
    }

    /// The database handle the server provided.
    pub fn db() -> Result<Db, AppError> {
        use_context::<Db>().ok_or_else(|| {
            tracing::error!("no database in the server context");
            AppError::Internal
        })
    }
}
