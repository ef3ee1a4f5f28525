using System;
using SamplerShootout;
using SdeDsl.Examples;

return ShootoutApp.Run(args, ExampleConsole.ForStandardOutput(), Console.Error);
