// Session 23: the parts of one event's hash, timed in a loop (ns per call; the machine's noise
// moved single rounds by up to 2x, so only the same round of two builds compares). Run from the
// repository root against each build's bank-protocol classes:
//   javac -cp bank-protocol/target/classes -d /tmp/hp HashParts.java
//   java -cp bank-protocol/target/classes:<jackson-databind jar>:/tmp/hp HashParts
import io.bankledger.protocol.*;
import java.security.MessageDigest;
public class HashParts {
  static volatile Object sink;
  public static void main(String[] a) throws Exception {
    String prev = EventHash.GENESIS; long seq=0;
    LedgerEvent ev = new LedgerEvent.TransferCompleted("acct-000123", "acct-004567", 1234, 99999, 88888);
    String cid = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    String p0 = ev.canonicalJson();
    String h0 = EventHash.compute(prev, 1, 7, cid, "TransferCompleted", 1700000000000L, p0);
    for (int round=0; round<6; round++) {
      int n=400_000; long t0,t1;
      t0=System.nanoTime(); for (int i=0;i<n;i++){ sink = ev.canonicalJson(); } t1=System.nanoTime(); System.out.printf("json %.0f  ",(t1-t0)/(double)n);
      t0=System.nanoTime(); for (int i=0;i<n;i++){ sink = EventHash.header(i, 7, cid, "TransferCompleted", 1700000000000L, p0); } t1=System.nanoTime(); System.out.printf("header %.0f  ",(t1-t0)/(double)n);
      t0=System.nanoTime(); for (int i=0;i<n;i++){ sink = MessageDigest.getInstance("SHA-256"); } t1=System.nanoTime(); System.out.printf("getInstance %.0f  ",(t1-t0)/(double)n);
      MessageDigest md = MessageDigest.getInstance("SHA-256"); byte[] b = EventHash.header(1, 7, cid, "TransferCompleted", 1700000000000L, p0).getBytes();
      t0=System.nanoTime(); for (int i=0;i<n;i++){ md.update(new byte[32]); md.update(b); sink = md.digest(); } t1=System.nanoTime(); System.out.printf("sha(%d B) %.0f  ",b.length+32,(t1-t0)/(double)n);
      t0=System.nanoTime(); for (int i=0;i<n;i++){ sink = EventHash.compute(prev, i, 7, cid, "TransferCompleted", 1700000000000L, p0); } t1=System.nanoTime(); System.out.printf("compute %.0f  ",(t1-t0)/(double)n);
      t0=System.nanoTime(); for (int i=0;i<n;i++){ sink = new CommittedEvent(i+1, 7, cid, 1700000000000L, ev, prev, h0); } t1=System.nanoTime(); System.out.printf("ctor %.0f%n",(t1-t0)/(double)n);
    }
  }
}
