import mysql.connector


def open_db():
    return mysql.connector.connect(host="localhost", user="root", password="toor", database="shop")
