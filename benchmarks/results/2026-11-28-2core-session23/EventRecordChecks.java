// Session 23: building a CommittedEvent (its checks of the command id and the two hashes) with
// random ids and hashes, as in the ledger, in ns per record. Run as HashParts.java says.
import io.bankledger.protocol.*;
import java.util.*;
public class EventRecordChecks {
  static volatile Object sink;
  public static void main(String[] a) throws Exception {
    LedgerEvent ev = new LedgerEvent.TransferCompleted("acct-000123", "acct-004567", 1234, 99999, 88888);
    Random r = new Random(3); String[] ids = new String[1024], hs = new String[1025]; byte[] b = new byte[32];
    for (int i=0;i<1024;i++){ ids[i]=UUID.randomUUID().toString(); r.nextBytes(b); hs[i]=HexFormat.of().formatHex(b);} hs[1024]=hs[0];
    for (int round=0; round<5; round++) {
      int n=1_000_000; long t0=System.nanoTime();
      for (int i=0;i<n;i++){ int k=i&1023; sink = new CommittedEvent(i+1, 7, ids[k], 1700000000000L, ev, hs[k], hs[k+1]); }
      long t1=System.nanoTime(); System.out.printf("ctor(random ids/hashes) %.0f ns%n",(t1-t0)/(double)n);
    }
  }
}
