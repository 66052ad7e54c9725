//! polylead-server
