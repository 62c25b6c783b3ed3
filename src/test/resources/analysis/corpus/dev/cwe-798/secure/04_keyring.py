import keyring
import smtplib


def send_alert(to_addr, body):
    password = keyring.get_password("alerts-smtp", "alerts@example.com")
    with smtplib.SMTP_SSL("smtp.example.com", 465) as smtp:
        smtp.login("alerts@example.com", password)
        smtp.sendmail("alerts@example.com", [to_addr], body)
