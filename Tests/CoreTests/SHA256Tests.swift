import Testing
@testable import LLMBenchCore

@Suite("SHA-256 (FIPS 180-4 test vectors)")
struct SHA256Tests {
    @Test func emptyMessage() {
        #expect(SHA256.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abc() {
        #expect(SHA256.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func fourHundredFortyEightBitMessage() {
        #expect(SHA256.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func oneMillionLetterA() {
        #expect(SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func chunkedUpdatesEqualOneShot() {
        // Lengths around the 55/56/64-byte padding boundaries, fed in uneven chunks.
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 200] {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var hasher = SHA256()
            var index = 0
            var chunk = 1
            while index < message.count {
                let end = min(message.count, index + chunk)
                hasher.update(Array(message[index..<end]))
                index = end
                chunk = chunk * 3 % 70 + 1
            }
            #expect(SHA256.hexString(hasher.finalize()) == SHA256.hex(of: message), "length \(length)")
        }
    }

    @Test func sequenceUpdateMatchesArrayUpdate() {
        var hasher = SHA256()
        hasher.update("ab".utf8)
        hasher.update("c".utf8)
        #expect(SHA256.hexString(hasher.finalize()) == SHA256.hex(of: "abc"))
    }

    @Test func lowercaseHexOf64Characters() {
        let hex = SHA256.hex(of: "llmbench")
        #expect(hex.count == 64)
        #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
    }
}
