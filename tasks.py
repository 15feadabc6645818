"""Everyday commands of this site: ``invoke --list`` shows them.

They are defined in the recapkit package (``recapkit/tasks.py``) and bound to this folder.
"""

from pathlib import Path

from recapkit.tasks import site_tasks

ns = site_tasks(Path(__file__).resolve().parent)
