//! merge (to write)
