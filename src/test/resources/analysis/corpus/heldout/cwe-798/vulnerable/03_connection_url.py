from sqlalchemy import create_engine

engine = create_engine("postgresql://app:hunter2@localhost:5432/app")


def count_users():
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM users").scalar()
