# The guide's threaded program, as written there, with the port as an
# argument and the loopback address: python3 guide_step2.py PORT
import http.server
import socketserver
import sys

PORT = int(sys.argv[1])


class RequestHandler(http.server.BaseHTTPRequestHandler):

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-type', 'text/html')
        self.end_headers()
        self.wfile.write(b"Hello, World!")


class ThreadedServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    pass


with ThreadedServer(("127.0.0.1", PORT), RequestHandler) as httpd:
    print("Serving at port", PORT, flush=True)
    httpd.serve_forever()
