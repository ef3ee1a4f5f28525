using Quickstart;
using Spectre.Console;

return QuickstartApp.Run(args, AnsiConsole.Console);
