import { describe, expect, it } from 'vitest';
import { splitCommands, type TextSegment } from '../../src/report/report-text.js';

const commandsOf = (text: string): string[] =>
  splitCommands(text)
    .flat()
    .filter((s: TextSegment) => s.kind === 'command')
    .map((s) => s.value);

describe('splitCommands', () => {
  it('when a sentence ends in a cmdlet then the command runs to the end of the line', () => {
    expect(splitCommands('Clear it: Set-ActiveSyncVirtualDirectory -Identity "CAS07\\Microsoft-Server-ActiveSync (Default Web Site)" -ExternalUrl $null')).toEqual([
      [
        { kind: 'text', value: 'Clear it: ' },
        { kind: 'command', value: 'Set-ActiveSyncVirtualDirectory -Identity "CAS07\\Microsoft-Server-ActiveSync (Default Web Site)" -ExternalUrl $null' },
      ],
    ]);
  });

  it('when commands sit inside prose then each stops where the prose resumes', () => {
    const text =
      "Check: Get-Mailbox 'alice' | Format-List Database,ServerName; then Get-MailboxStatistics 'alice' | Format-List TotalItemSize and " +
      "Set-Mailbox 'alice' -ProhibitSendQuota 4.75GB. Allow it (Set-CASMailbox 'alice' -ActiveSyncMailboxPolicy '<policy>') or " +
      "Set-CASMailbox 'alice' -ActiveSyncDebugLogging $true, then look. Get-ADUser (Get-Mailbox 'alice').SamAccountName -Properties Enabled. " +
      "Find it with Get-ActiveSyncDevice | Where-Object {$_.DeviceID -eq 'x (y)'} | Format-List DeviceId (the defaults: none).";
    expect(commandsOf(text)).toEqual([
      "Get-Mailbox 'alice' | Format-List Database,ServerName",
      "Get-MailboxStatistics 'alice' | Format-List TotalItemSize",
      "Set-Mailbox 'alice' -ProhibitSendQuota 4.75GB",
      "Set-CASMailbox 'alice' -ActiveSyncMailboxPolicy '<policy>'",
      "Set-CASMailbox 'alice' -ActiveSyncDebugLogging $true",
      "Get-ADUser (Get-Mailbox 'alice').SamAccountName -Properties Enabled",
      "Get-ActiveSyncDevice | Where-Object {$_.DeviceID -eq 'x (y)'} | Format-List DeviceId",
    ]);
    expect(splitCommands(text).flat().map((s) => s.value).join('')).toBe(text);
  });

  it('when commands are in backticks then the backticks mark them', () => {
    expect(splitCommands('Run `iisreset /noforce` on CAS07.')).toEqual([
      [
        { kind: 'text', value: 'Run ' },
        { kind: 'command', value: 'iisreset /noforce' },
        { kind: 'text', value: ' on CAS07.' },
      ],
    ]);
  });

  it('when the text has several lines then each is a paragraph and blank lines are dropped', () => {
    expect(splitCommands('Nothing to do.\n\nReally.')).toEqual([[{ kind: 'text', value: 'Nothing to do.' }], [{ kind: 'text', value: 'Really.' }]]);
  });
});
