"""What the Airflow DAGs share: environment, Params, Assets, the warehouse pool and Cosmos configs.

The DAG files under ``dags/`` stay short and only wire tasks; everything they configure comes
from here, and the work itself lives in :mod:`include.pipeline` (also used without Airflow by
``finops run``). Nothing in this package touches the disk, the network or a database at import.
"""
