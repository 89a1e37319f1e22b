# The guide's first program, as written there, with the port as an argument
# and the loopback address, for the benchmark: python3 guide_step1.py PORT
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


with socketserver.TCPServer(("127.0.0.1", PORT), RequestHandler) as httpd:
    print("Serving at port", PORT, flush=True)
    httpd.serve_forever()
