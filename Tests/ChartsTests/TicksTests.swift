import Testing
@testable import Charts

@Suite struct TicksTests {
    @Test func stepsAreOneTwoFive() {
        #expect(Ticks.step(span: 10, target: 5) == 2)
        #expect(Ticks.step(span: 100, target: 5) == 20)
        #expect(Ticks.step(span: 0.9, target: 5) == 0.2)
        #expect(Ticks.step(span: 7, target: 5) == 1)
        #expect(Ticks.step(span: 24, target: 5) == 5)
        #expect(Ticks.step(span: 4, target: 5) == 1)
        #expect(Ticks.step(span: 3000, target: 5) == 500)
        #expect(Ticks.step(span: 120, target: 5) == 20)
    }

    @Test func linearTicksWidenToStepMultiples() {
        let t = Ticks.linear(lo: 3, hi: 97)
        #expect(t.domain == 0...100)
        #expect(t.ticks == [0, 20, 40, 60, 80, 100])
        let d = Ticks.linear(lo: 0, hi: 0.9)
        #expect(d.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        let m = Ticks.linear(lo: 0.3, hi: 0.7)
        #expect(m.ticks == [0.3, 0.4, 0.5, 0.6, 0.7])
        let one = Ticks.linear(lo: 40, hi: 40)
        #expect(one.domain == 20...60)
    }

    @Test func logTicks() {
        let t = Ticks.log(lo: 3, hi: 800)
        #expect(t.domain == 1...1000)
        #expect(t.ticks == [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000])
        let wide = Ticks.log(lo: 0.5, hi: 20000)
        #expect(wide.ticks == [0.1, 1, 10, 100, 1000, 10000, 100000])
        #expect(Ticks.log(lo: 10, hi: 10).ticks == [10, 20, 50, 100])
        #expect(Ticks.log(lo: 1, hi: 1e4).ticks == [1, 10, 100, 1000, 10000])
    }

    @Test func tickLabels() {
        #expect(NumberText.tick(0.2, step: 0.2) == "0.2")
        #expect(NumberText.tick(0.6000000000000001, step: 0.2) == "0.6")
        #expect(NumberText.tick(25000, step: 5000) == "25k")
        #expect(NumberText.tick(1_500_000, step: 500_000) == "1.5M")
        #expect(NumberText.tick(1000, step: 200) == "1000")
        #expect(NumberText.tick(0.05, step: 0.05) == "0.05")
        #expect(NumberText.trimmed(344.0, 1) == "344")
        #expect(NumberText.trimmed(-0.04, 1) == "0")
        #expect(NumberText.fixed(2.5, 0) == "3")
        #expect(NumberText.significant(12.3456) == "12.35")
        #expect(NumberText.significant(0.00123456) == "0.001235")
        #expect(NumberText.significant(1234) == "1234")
    }

    @Test func autoScaleChoosesLogOverTwoDecades() {
        #expect(Axis.spansDecades([1, 99]) == false)
        #expect(Axis.spansDecades([1, 100]))
        #expect(Axis.spansDecades([0, 1000]) == false)
        let s = Axis("x").scale(for: [1, 1000], from: 0, to: 300)
        #expect(s.log)
        #expect(s.map(10) == 100)
        #expect(s.map(0) == 0) // clamped to the lower end
    }
}

@Suite struct WholeNumberTicksTests {
    @Test func countAxesTickAtWholeNumbers() {
        let s = Axis("Failures", kind: .linear, wholeNumbers: true).scale(for: [0, 3], from: 0, to: 100)
        #expect(s.ticks == [0, 1, 2, 3, 4, 5])
        let wide = Axis("Failures", kind: .linear, wholeNumbers: true).scale(for: [0, 40], from: 0, to: 100)
        #expect(wide.ticks == [0, 10, 20, 30, 40])
    }
}
