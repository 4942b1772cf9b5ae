/// Every subcommand, in the order `llmbench --help` lists them.
let allCommands: [CommandEntry] = []
