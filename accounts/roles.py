"""The roles of Veldwerk, as Django groups.

The groups and their permissions are created by a data migration
(`accounts/migrations/0001_roles.py`); this module is the one place that names them.
"""

SCOUTS = "Talentscouts"
SPECIALISTS = "Gemeentelijke specialisten"
EDITORS = "Redacteuren"

ALL_ROLES = (SCOUTS, SPECIALISTS, EDITORS)
