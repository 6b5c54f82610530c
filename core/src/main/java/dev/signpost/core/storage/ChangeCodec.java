package dev.signpost.core.storage;

/**
 * One change as bytes, in the journal's format, for a store that keeps changes elsewhere (etcd, in cluster
 * mode, keeps each key's latest change as its value). A value read back takes its indexes from where the
 * store numbered it ({@link #decodeAt}), not from the bytes.
 */
public final class ChangeCodec {

  private ChangeCodec() {}

  public static byte[] encode(Change change) {
    return JournalCodec.encode(change);
  }

  /**
   * The change in {@code bytes}, numbered {@code modifyIndex}; a value it puts (instance, ACL token or
   * policy, node, key) was first created at {@code createIndex}.
   *
   * @throws StoreException when the bytes are not a change: the message says what is wrong
   */
  public static Change decodeAt(byte[] bytes, long createIndex, long modifyIndex) {
    Change change;
    try {
      change = JournalCodec.decodeChange(bytes);
    } catch (CorruptDataException e) {
      throw new StoreException("stored change does not decode: " + e.getMessage(), e);
    }
    if (change instanceof Change.Put put) {
      return new Change.Put(modifyIndex, put.instance().withIndexes(createIndex, modifyIndex));
    }
    if (change instanceof Change.PutPolicy put) {
      return new Change.PutPolicy(modifyIndex, put.service(), put.policy());
    }
    if (change instanceof Change.PutAclToken put) {
      return new Change.PutAclToken(modifyIndex, put.token().withIndexes(createIndex, modifyIndex));
    }
    if (change instanceof Change.PutAclPolicy put) {
      return new Change.PutAclPolicy(modifyIndex, put.policy().withIndexes(createIndex, modifyIndex));
    }
    if (change instanceof Change.PutNode put) {
      return new Change.PutNode(modifyIndex, put.node().withIndexes(createIndex, modifyIndex));
    }
    if (change instanceof Change.PutKey put) {
      return new Change.PutKey(modifyIndex, put.entry().withIndexes(createIndex, modifyIndex));
    }
    throw new StoreException("stored value is a removal, not a value: " + change);
  }
}
