# The guide's static-file program, as written there (it reads each file
# whole, and "." + path lets a request climb out of the folder), with the
# port and folder as arguments and the loopback address:
#   python3 guide_step3.py PORT DIRECTORY
import http.server
import mimetypes
import os
import socketserver
import sys

PORT = int(sys.argv[1])
os.chdir(sys.argv[2])


class RequestHandler(http.server.BaseHTTPRequestHandler):

    def do_GET(self):
        file_path = "." + self.path
        if os.path.exists(file_path):
            self.send_response(200)
            mime_type, _ = mimetypes.guess_type(file_path)
            self.send_header('Content-type', mime_type)
            self.end_headers()
            with open(file_path, "rb") as file:
                self.wfile.write(file.read())
        else:
            self.send_response(404)
            self.send_header('Content-type', 'text/html')
            self.end_headers()
            self.wfile.write(b"File not found")


class ThreadedServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    pass


with ThreadedServer(("127.0.0.1", PORT), RequestHandler) as httpd:
    print("Serving at port", PORT, flush=True)
    httpd.serve_forever()
