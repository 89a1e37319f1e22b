# The guide's second program: step 1 with ThreadingMixIn, so each
# connection is served on a thread of its own. Listens on 127.0.0.1 only.
#   python3 guide/step2_threaded.py [port]     (default port: 8000)
import http.server
import socketserver
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8000


class HelloHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-type", "text/html")
        self.end_headers()
        self.wfile.write(b"Hello, World!")


# $begin threaded
# ThreadingMixIn starts a thread per connection. Daemon threads end with the
# program, so Ctrl-C does not wait for clients that keep a connection open.
class ThreadedServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True
# $end threaded


with ThreadedServer(("127.0.0.1", PORT), HelloHandler) as server:
    print("Serving at port", PORT, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
