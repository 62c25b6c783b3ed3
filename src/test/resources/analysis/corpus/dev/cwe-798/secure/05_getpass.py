import getpass
import paramiko


def connect(host, user):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    secret = getpass.getpass(f"Password for {user}@{host}: ")
    client.connect(host, username=user, password=secret)
    return client
