//! Cross-area read models (dashboard, workload) — placeholder while written.
