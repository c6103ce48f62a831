"""Register exports (CSV and XLSX) built from a column spec and a row iterator."""
