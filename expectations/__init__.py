"""Great Expectations suites, defined in code, for extracted records and for each table."""
