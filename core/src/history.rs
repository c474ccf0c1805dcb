//! history (to write)
