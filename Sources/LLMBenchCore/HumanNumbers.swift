import Foundation

/// Numbers as people write them: thousands separators out, and `2M`, `2,000,000`, `2e6` in.
public enum HumanNumbers {
    /// `digits` (an optional `-`, then ASCII digits, then optionally `.` and more) with a comma
    /// between each group of three integer digits: `1048576` → `1,048,576`, `-1234.5` → `-1,234.5`.
    public static func grouped(_ number: String) -> String {
        var s = Substring(number)
        var sign = ""
        if s.first == "-" { sign = "-"; s = s.dropFirst() }
        let intEnd = s.firstIndex(where: { !$0.isASCII || !$0.isNumber }) ?? s.endIndex
        let intPart = s[..<intEnd]
        guard intPart.count > 3 else { return number }
        var out = ""
        for (i, ch) in intPart.enumerated() {
            if i > 0 && (intPart.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return sign + out + s[intEnd...]
    }

    /// A whole count a person typed: `2000000`, `2,000,000` (commas between groups of three only),
    /// `2_000_000`, `2e6`, `1.5e6`, `2M`, `1.5M`, `250k`, `3B` (k = 10³, M = 10⁶, B or G = 10⁹;
    /// case-insensitive). `nil` when it is not a whole number in `0...max` (e.g. `1.5`, `2.5k1`, `1e30`).
    public static func count(_ text: String, max: Int = Int.max) -> Int? {
        var t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.count <= 40 else { return nil }
        var multiplier = 1.0
        switch t.last!.lowercased() {
        case "k": multiplier = 1e3; t.removeLast()
        case "m": multiplier = 1e6; t.removeLast()
        case "b", "g": multiplier = 1e9; t.removeLast()
        default: break
        }
        if t.contains(",") {
            let groups = t.split(separator: ".", maxSplits: 1)[0].split(separator: ",", omittingEmptySubsequences: false)
            guard groups.count > 1, (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            t.removeAll { $0 == "," }
        }
        t.removeAll { $0 == "_" }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+") }),
              t.first!.isNumber || t.first == ".", let v = Double(t) else { return nil }
        let value = v * multiplier
        guard value.isFinite, value >= 0, value == value.rounded(), value <= Double(max), value < 9.2e18 else { return nil }
        return Int(value)
    }
}
