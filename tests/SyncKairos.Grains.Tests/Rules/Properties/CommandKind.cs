namespace SyncKairos.Grains.Tests.Rules.Properties;

public enum CommandKind
{
    Start,
    Switch,
    Pause,
    Resume,
    Complete,
    Expire,
    Delete,
}
