"""The codes stored in client records that screens label, without the ORM.

The client list shows a status on its first paint, before SQLAlchemy has loaded, so these
tables live apart from ``status.py`` and ``assessment.py`` (which use them). The English
texts are marked with ``N_``; screens translate them each time they are shown.
"""

from __future__ import annotations

from ciip_desktop.i18n import N_

# In the order the service runs (``models.ClientStatus``), then the two ways out.
STATUS_LABELS: dict[str, str] = {
    "registered": N_("Registered"),
    "assessed": N_("Assessed"),
    "package_ready": N_("Package ready"),
    "group_attended": N_("Group session attended"),
    "one_on_one_done": N_("Individual session done"),
    "closed": N_("Closed"),
    "withdrawn": N_("Withdrawn"),
}

CONCERNS: dict[str, str] = {
    "credential_recognition": N_("Credential recognition"),
    "licensing": N_("Licensing"),
    "language": N_("Language"),
    "job_search": N_("Job search"),
    "housing": N_("Housing"),
    "schools": N_("Schools"),
    "health": N_("Health"),
    "money": N_("Money"),
}
