"""The monitored set: customers kept on file and re-screened against what changed in the lists.

``read_customers`` reads and checks a customer file; ``MonitoredSet`` keeps the customers in the
casework database and runs ``rescreen``, which reports new hits only.
"""

from watchkeeper.monitoring.customers import (
    Customer,
    CustomerColumns,
    MonitorError,
    read_customers,
)
from watchkeeper.monitoring.monitored import MonitoredSet
from watchkeeper.monitoring.rescreen import ListChange, NewHit, RescreenReport

__all__ = [
    "Customer",
    "CustomerColumns",
    "ListChange",
    "MonitorError",
    "MonitoredSet",
    "NewHit",
    "RescreenReport",
    "read_customers",
]
