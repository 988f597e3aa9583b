//! Training-load and HRV analytics (being written).
