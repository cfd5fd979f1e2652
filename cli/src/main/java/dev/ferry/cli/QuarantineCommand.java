package dev.ferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "quarantine", description = "Lists, shows, retries and discards the rows runs set aside: those a "
        + "transform rejected or the destination refused, with max_bad_rows or max_bad_ratio set.",
        subcommands = {QuarantineListCommand.class, QuarantineShowCommand.class, QuarantineRetryCommand.class,
                QuarantineDiscardCommand.class})
final class QuarantineCommand {
    @Mixin
    HelpOption help;
}
