"""Information packages: the TT05 AIP_hoso (E-ARK CSIP) inside a signed BagIt bag, written and checked here.

Pure file work (no catalogue access) except ``rows``, which holds the SQL for the packages and trusted_keys
tables. The use cases that join these to a dossier live in app/workflow/{packaging,verify,ingest}.py.
"""
