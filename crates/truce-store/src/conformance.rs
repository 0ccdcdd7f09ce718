//! The conformance suite: what every backend must do, written against the
//! traits only. A backend's tests call [`run`] with a way to make a fresh,
//! empty workspace.
