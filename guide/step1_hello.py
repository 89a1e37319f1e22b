# The guide's first program: every GET gets "Hello, World!" as HTML, one
# connection at a time. Listens on 127.0.0.1 only.
#   python3 guide/step1_hello.py [port]        (default port: 8000)
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


# Lets a restarted server take its port back at once (see TIME_WAIT in the
# glossary), as http.server.HTTPServer does.
class HelloServer(socketserver.TCPServer):
    allow_reuse_address = True


with HelloServer(("127.0.0.1", PORT), HelloHandler) as server:
    print("Serving at port", PORT, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
