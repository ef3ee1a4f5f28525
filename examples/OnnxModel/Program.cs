using System;
using OnnxModel;
using SdeDsl.Examples;

return OnnxModelApp.Run(args, ExampleConsole.ForStandardOutput(), Console.Error);
