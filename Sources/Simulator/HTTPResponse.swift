import LLMBenchCore
import Foundation

/// One piece of a response, written `offsetNs` after the request was read (offsets never decrease).
struct PlanStep: Sendable {
    var offsetNs: Int64
    var bytes: [UInt8]
}

/// Everything the event loop must write for one request, and when; the loop only follows it.
struct ResponsePlan: Sendable {
    var steps: [PlanStep]
    /// Close the connection once the last step is written.
    var closeAfter: Bool
}

/// Serialises HTTP/1.1 response heads and chunked body framing (RFC 9112 §6-7).
enum HTTPWire {
    static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 411: return "Length Required"
        case 413: return "Content Too Large"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        case 529: return "Site Overloaded"
        default: return "Status"
        }
    }

    /// The head: status line, the given fields, `content-length` (or `transfer-encoding: chunked`
    /// when `contentLength` is nil), `connection` and a blank line.
    /// The header every simulated response carries (real providers never send it).
    public static let simulatorHeader = "x-llmbench-simulator"

    static func head(status: Int, headers: [(String, String)], contentLength: Int?, close: Bool) -> [UInt8] {
        var s = "HTTP/1.1 \(status) \(reason(status))\r\n"
        // Marks every answer as simulated, so a run pointed at this server by URL is labelled so.
        s += "\(simulatorHeader): llmbench\r\n"
        for (k, v) in headers { s += "\(k): \(v)\r\n" }
        if let n = contentLength { s += "content-length: \(n)\r\n" } else { s += "transfer-encoding: chunked\r\n" }
        s += close ? "connection: close\r\n\r\n" : "connection: keep-alive\r\n\r\n"
        return Array(s.utf8)
    }

    /// One chunk of a chunked body: hex size, CRLF, data, CRLF. Empty data gives no bytes (an empty
    /// chunk would end the body).
    static func chunk(_ data: String) -> [UInt8] {
        let bytes = Array(data.utf8)
        if bytes.isEmpty { return [] }
        var out = Array(String(bytes.count, radix: 16).utf8)
        out.reserveCapacity(out.count + bytes.count + 4)
        out += [13, 10]
        out += bytes
        out += [13, 10]
        return out
    }

    /// The last chunk that ends a chunked body.
    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// A whole response with a body of known length.
    static func full(status: Int, headers: [(String, String)], body: String, close: Bool) -> [UInt8] {
        let b = Array(body.utf8)
        return head(status: status, headers: headers, contentLength: b.count, close: close) + b
    }
}

/// JSON text building for the simulator's responses.
enum JSON {
    /// A JSON string literal for `s` (RFC 8259 §7): quotes, backslash and control characters escaped.
    static func quote(_ s: String) -> String {
        JSONValues.quoted(s)
    }
}
