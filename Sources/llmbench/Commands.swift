/// Every subcommand, in the order `llmbench --help` lists them.
let allCommands: [CommandEntry] = [
    CommandEntry(RunCommand.self),
    CommandEntry(ReportCommand.self),
    CommandEntry(SimulateCommand.self),
    CommandEntry(ScoreCommand.self),
    CommandEntry(PriceCommand.self),
]
