//! polylead-store
