class AccountRepository:
    def __init__(self, conn):
        self.conn = conn

    def change_email(self, account_id, new_email):
        sql = "UPDATE accounts SET email = '" + new_email + "' WHERE id = " + str(account_id)
        self.conn.execute(sql)
        self.conn.commit()
