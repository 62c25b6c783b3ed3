import pickle
import socket


def serve(port=9000):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("0.0.0.0", port))
    srv.listen(1)
    conn, _ = srv.accept()
    data = conn.recv(65536)
    message = pickle.loads(data)
    conn.sendall(b"ok")
    return message
