import ftplib


def upload_report(path, host="ftp.example.com", user="reports", passwd="letmein"):
    with ftplib.FTP(host) as ftp:
        ftp.login(user, passwd)
        with open(path, "rb") as fh:
            ftp.storbinary("STOR report.csv", fh)
