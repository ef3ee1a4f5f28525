using SamplerShootout;
using Spectre.Console;

return ShootoutApp.Run(args, AnsiConsole.Console);
