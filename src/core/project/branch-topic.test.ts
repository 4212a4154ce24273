import { describe, expect, it } from 'vitest';
import { branchTopic } from './branch-topic.js';

describe('branchTopic', () => {
  it('turns a branch name into the words of its topic', () => {
    expect(branchTopic('feature/search-latency')).toBe('search latency');
    expect(branchTopic('fix/JIRA-123_login_timeout')).toBe('JIRA 123 login timeout');
    expect(branchTopic('ada/wal-mode')).toBe('ada wal mode');
  });

  it('says nothing for trunks, detached heads and bare prefixes', () => {
    for (const branch of ['main', 'MASTER', 'develop', null, '', 'feature/', 'wip']) {
      expect(branchTopic(branch)).toBeNull();
    }
  });
});
