#!/usr/bin/env python3
"""Holds many idle keep-alive connections open against a server, then says
what they cost it (threads, resident memory) and how long a new client waits.

    python3 bench/idle_connections.py 10000 build/default/step3_static/step3_static -d step3_static/site

The server is started on a free loopback port with -q and the arguments
given, and stopped (by its PID) at the end. Every connection makes one
request and then stays open, idle, as a browser's kept-alive connection does.
"""
import re
import select
import resource
import signal
import socket
import subprocess
import sys
import time

REQUEST = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"


def status_field(pid, name):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return line.split()[1]
    return "?"


def read_response(connection):
    """Reads one response with a Content-Length body; its status line."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            raise RuntimeError("the server closed the connection")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    while len(body) < length:
        body += connection.recv(65536)
    return head.split(b"\r\n", 1)[0].decode()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    count = int(sys.argv[1])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    server = subprocess.Popen([sys.argv[2], "-q", *sys.argv[3:], "--max-connections", str(count + 100), "0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        port = int(re.search(r"port (\d+)", server.stdout.readline()).group(1))
        idle = []
        for _ in range(count):
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(REQUEST)
            read_response(connection)
            idle.append(connection)
        start = time.monotonic()
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.sendall(REQUEST)
            status = read_response(client)
        waited_ms = (time.monotonic() - start) * 1000
        # A connection the server has closed reads as ready (end of file).
        watcher = select.poll()
        for connection in idle:
            watcher.register(connection, select.POLLIN)
        still_open = count - len(watcher.poll(0))
        print(f"{still_open} of {count} idle connections open: {status_field(server.pid, 'Threads')} threads, "
              f"{int(status_field(server.pid, 'VmRSS')) // 1024} MiB resident; "
              f"a new client got '{status}' in {waited_ms:.1f} ms")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
