"""The knowledge lake: analysed articles as a partitioned Parquet dataset that DuckDB and Spark read (docs/lake.md)."""
