package io.stepcast.runtime.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tokens a categorical model predicts over, with their ids: id 0 is the out-of-vocabulary bucket,
 * known tokens take ids 1, 2, … in list order, so a model over this vocabulary has {@link #size()}
 * inputs for the token and as many outputs. Immutable.
 *
 * <p>Vocabularies of successive model versions are prefixes of one another ({@link #compatibleWith}):
 * a grown vocabulary appends, never reorders. That is what lets a key's remembered token ids, written
 * under one version, be replayed under another without mislabelling a token: an id the other version
 * knows means the same token there, and one it does not know ({@link #idOrBucket}) is out of its
 * vocabulary.
 */
public final class TokenVocabulary implements Serializable {
    /** The id of every token the model does not know. */
    public static final int OUT_OF_VOCABULARY = 0;

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private TokenVocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (String token : this.tokens) {
            if (token.isEmpty()) {
                throw new IllegalArgumentException("a vocabulary token must not be empty");
            }
            if (ids.putIfAbsent(token, ids.size() + 1) != null) {
                throw new IllegalArgumentException("the vocabulary lists '" + token + "' twice");
            }
        }
    }

    /** The vocabulary of {@code tokens}, ids 1, 2, … in that order. */
    public static TokenVocabulary of(List<String> tokens) {
        return new TokenVocabulary(tokens);
    }

    /** The known tokens, in id order (the bucket excluded): what a model manifest stores. */
    public List<String> tokens() {
        return tokens;
    }

    /** Known tokens plus the bucket: the model's token inputs and its outputs. */
    public int size() {
        return tokens.size() + 1;
    }

    /** The token's id, or {@link #OUT_OF_VOCABULARY}. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? OUT_OF_VOCABULARY : id;
    }

    /** {@code id} if this vocabulary has it, else the bucket: for ids remembered under another version. */
    public int idOrBucket(int id) {
        return id > 0 && id < size() ? id : OUT_OF_VOCABULARY;
    }

    /** The token of {@code id}; null for the bucket, which stands for every unknown token. */
    public String token(int id) {
        return id == OUT_OF_VOCABULARY ? null : tokens.get(id - 1);
    }

    /** Whether this vocabulary starts with every token of {@code earlier}, at the same ids. */
    public boolean extendsVocabulary(TokenVocabulary earlier) {
        return tokens.size() >= earlier.tokens.size()
                && tokens.subList(0, earlier.tokens.size()).equals(earlier.tokens);
    }

    /** Whether ids mean the same tokens in both, as far as both go: one extends the other. */
    public boolean compatibleWith(TokenVocabulary other) {
        return extendsVocabulary(other) || other.extendsVocabulary(this);
    }

    /**
     * This vocabulary followed by the {@code candidates} it lacks, in their order (most frequent first),
     * until it holds {@code maxTokens} known tokens: how the trainer grows a learned vocabulary.
     */
    public TokenVocabulary grownBy(List<String> candidates, int maxTokens) {
        Set<String> grown = new LinkedHashSet<>(tokens);
        for (String token : candidates) {
            if (grown.size() >= maxTokens) {
                break;
            }
            grown.add(token);
        }
        return new TokenVocabulary(new ArrayList<>(grown));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenVocabulary v && tokens.equals(v.tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "TokenVocabulary" + tokens;
    }
}
