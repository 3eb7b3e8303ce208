#pragma once
// Intrusive FIFO lists of waiting things. The node lives inside the awaiter, which lives in
// the suspended coroutine's frame, so waiting allocates nothing.
namespace clearsim::sim::detail {

class WaitList;

class WaitNode {
 public:
  WaitNode() = default;
  WaitNode(const WaitNode&) = delete;
  WaitNode& operator=(const WaitNode&) = delete;

  bool linked() const { return list_ != nullptr; }
  WaitNode* next() const { return next_; }  // the one behind it in its list, or null
  inline void unlink() noexcept;

 protected:
  ~WaitNode() { unlink(); }

 private:
  friend class WaitList;
  WaitNode* prev_ = nullptr;
  WaitNode* next_ = nullptr;
  WaitList* list_ = nullptr;
};

class WaitList {
 public:
  WaitList() = default;
  WaitList(const WaitList&) = delete;
  WaitList& operator=(const WaitList&) = delete;
  // Nodes still linked when the list dies (end of a simulation) are set free, so their own
  // destructors, which may run later, do not touch the dead list.
  ~WaitList() {
    while (head_)
      pop_front();
  }

  bool empty() const { return head_ == nullptr; }
  WaitNode* front() const { return head_; }

  void push_back(WaitNode* node) {
    node->list_ = this;
    node->prev_ = tail_;
    node->next_ = nullptr;
    (tail_ ? tail_->next_ : head_) = node;
    tail_ = node;
  }

  WaitNode* pop_front() {
    WaitNode* node = head_;
    remove(node);
    return node;
  }

  void remove(WaitNode* node) {
    (node->prev_ ? node->prev_->next_ : head_) = node->next_;
    (node->next_ ? node->next_->prev_ : tail_) = node->prev_;
    node->prev_ = node->next_ = nullptr;
    node->list_ = nullptr;
  }

 private:
  WaitNode* head_ = nullptr;
  WaitNode* tail_ = nullptr;
};

inline void WaitNode::unlink() noexcept {
  if (list_) list_->remove(this);
}

}  // namespace clearsim::sim::detail
