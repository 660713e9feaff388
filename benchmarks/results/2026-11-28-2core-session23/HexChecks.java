// Session 23: three ways to check that a string is 64 lowercase hex digits, on random hashes:
// range tests per character with an early exit (the old check), a table over all of char, and
// arithmetic without a branch. Needs nothing but a JDK: javac HexChecks.java && java HexChecks
import java.util.*;
public class HexChecks {
  static volatile boolean sink;
  static final byte[] T = new byte[65536];
  static { for (char c='0';c<='9';c++) T[c]=1; for (char c='a';c<='f';c++) T[c]=1; }
  static boolean orig(String s){ for (int i=0;i<s.length();i++){ char c=s.charAt(i); if (!((c>='0'&&c<='9')||(c>='a'&&c<='f'))) return false;} return true; }
  static boolean table(String s){ int ok=1; for (int i=0;i<s.length();i++){ ok &= T[s.charAt(i)]; } return ok==1; }
  static final byte[] T7 = new byte[128];
  static { for (char c='0';c<='9';c++) T7[c]=1; for (char c='a';c<='f';c++) T7[c]=1; }
  static boolean t128(String s){ int ok=1; for (int i=0;i<s.length();i++){ char c=s.charAt(i); ok &= c < 128 ? T7[c] : 0; } return ok==1; }
  static boolean arith(String s){ int bad=0; for (int i=0;i<s.length();i++){ int c=s.charAt(i); int d=c-'0', l=c-'a'; bad |= (9-d | d) & (5-l | l); } return bad>=0; }
  public static void main(String[] a){
    Random r=new Random(1); String[] hs=new String[1024]; byte[] b=new byte[32];
    for(int i=0;i<hs.length;i++){ r.nextBytes(b); hs[i]=HexFormat.of().formatHex(b);} 
    for (String h: hs) if (!table(h)||!arith(h)||!orig(h)) throw new AssertionError();
    if (t128("g"+hs[0].substring(1)) || t128(hs[0].substring(1)+"\u0130") || !t128(hs[1]) || arith("g"+hs[0].substring(1)) || table("G"+hs[0].substring(1)) || arith(hs[0].substring(1)+"/") || arith(hs[0].substring(1)+"`")|| arith(hs[0].substring(1)+":")) throw new AssertionError("neg");
    for (int round=0;round<5;round++){
      int n=2_000_000; long t0=System.nanoTime(); for(int i=0;i<n;i++) sink=orig(hs[i&1023]); long t1=System.nanoTime();
      for(int i=0;i<n;i++) sink=table(hs[i&1023]); long t2=System.nanoTime();
      for(int i=0;i<n;i++) sink=arith(hs[i&1023]); long t3=System.nanoTime();
      long t4=System.nanoTime(); for(int i=0;i<n;i++) sink=t128(hs[i&1023]); long t5=System.nanoTime(); System.out.printf("t128 %.1f ",(t5-t4)/(double)n);
      System.out.printf("orig %.1f table %.1f arith %.1f ns%n",(t1-t0)/(double)n,(t2-t1)/(double)n,(t3-t2)/(double)n);
    }
  }
}
